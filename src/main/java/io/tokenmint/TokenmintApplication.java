package io.tokenmint;

import java.util.List;

import io.tokenmint.release.Release;
import io.tokenmint.release.UpgradeCheck;

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
		if (args.length > 0 && args[0].equals(UpgradeCheck.COMMAND)) {
			// A question about a rollout, answered without starting the service (or touching its database).
			System.exit(UpgradeCheck.run(List.of(args).subList(1, args.length), Release.current(), System.out, System.err));
		}
		SpringApplication.run(TokenmintApplication.class, args);
	}

}
