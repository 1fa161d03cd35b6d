package io.tokenmint;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Issues signed JWTs that Nutrient Document Engine and other SDK backends trust. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TokenmintApplication {

	public static void main(String[] args) {
		SpringApplication.run(TokenmintApplication.class, args);
	}

}
