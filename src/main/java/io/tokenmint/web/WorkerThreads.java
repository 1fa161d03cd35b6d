package io.tokenmint.web;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sizes Tomcat's worker pool to the processors: {@value #PER_PROCESSOR} threads each, unless
 * {@code server.tomcat.threads.max} is set anywhere (this default has the lowest precedence). A token request
 * is CPU work and a wait of a millisecond or two for its audit commit, so a few threads a core keep the cores
 * busy; Tomcat's default of 200 lets every open connection run at once, and the cores then go to switching
 * between them while the JIT compiler, which decides how fast the service gets after a start, waits its turn.
 * Measured A/B on 2 cores, RS256 and ES256 at 16 and 64 connections: see docs/performance.md, "Worker threads".
 */
public class WorkerThreads implements EnvironmentPostProcessor {

	static final int PER_PROCESSOR = 4;

	/** Boot's own default for the idle threads kept, which Tomcat refuses above the maximum. */
	private static final int MIN_SPARE = 10;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		int threads = PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
		int spare = Math.min(MIN_SPARE, environment.getProperty("server.tomcat.threads.max", Integer.class, threads));
		environment.getPropertySources().addLast(new MapPropertySource("tokenmintWorkerThreads",
				Map.of("server.tomcat.threads.max", threads, "server.tomcat.threads.min-spare", spare)));
	}

}
