package io.tokenmint.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class JsonLogFormatTests {

	@Test
	void switchesTheConsoleToEcsForLogFormatJson() {
		var environment = new MockEnvironment().withProperty("LOG_FORMAT", "json");
		new JsonLogFormat().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
	}

	@Test
	void leavesPlainTextAlone() {
		var environment = new MockEnvironment();
		new JsonLogFormat().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console")).isNull();
		environment.setProperty("LOG_FORMAT", "logstash");
		new JsonLogFormat().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
	}

}
