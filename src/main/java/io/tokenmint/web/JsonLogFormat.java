package io.tokenmint.web;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LOG_FORMAT=json} switches the console to Spring Boot's structured logging (Elastic Common Schema),
 * one JSON object a line with the request id from the MDC; {@code ecs}, {@code logstash} and {@code gelf}
 * pick a format by name. Runs before the logging system starts.
 */
public class JsonLogFormat implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String format = environment.getProperty("LOG_FORMAT");
		if (format == null || format.isBlank() || format.equalsIgnoreCase("text")) {
			return;
		}
		String structured = format.equalsIgnoreCase("json") ? "ecs" : format.toLowerCase(Locale.ROOT);
		environment.getPropertySources().addFirst(new MapPropertySource("tokenmintLogFormat",
				Map.of("logging.structured.format.console", structured)));
	}

}
