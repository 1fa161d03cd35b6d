package io.tokenmint.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class WorkerThreadsTests {

	private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

	@Test
	void givesTomcatFourWorkerThreadsAProcessor() {
		var environment = new MockEnvironment();
		new WorkerThreads().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.tomcat.threads.max", Integer.class)).isEqualTo(4 * PROCESSORS);
		assertThat(environment.getProperty("server.tomcat.threads.min-spare", Integer.class)).isEqualTo(Math.min(10, 4 * PROCESSORS));
	}

	@Test
	void leavesAnOperatorsSettingAlone() {
		var environment = new MockEnvironment().withProperty("server.tomcat.threads.max", "3");
		new WorkerThreads().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("server.tomcat.threads.max", Integer.class)).isEqualTo(3);
		assertThat(environment.getProperty("server.tomcat.threads.min-spare", Integer.class)).isEqualTo(3);
	}

}
