package io.tokenmint.signing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * What an alert needs to know about signing on this replica, as gauges: whether every profile can be signed for
 * (the signing health), and which lines have a key active. A profile's own line without one is normal while its
 * first key is published ahead (the profile signs with its algorithm's shared key meanwhile); a shared line without
 * one means that algorithm's tokens are refused.
 */
@Component
class SigningMetrics {

	SigningMetrics(KeyRing ring, MeterRegistry meters) {
		Gauge.builder("tokenmint.signing.ready", ring, r -> r.canSignEveryProfile() ? 1 : 0)
			.description("1 while every profile has a key to sign with on this replica (the signing health is UP)")
			.register(meters);
		for (KeyLine line : ring.lines()) {
			Gauge.builder("tokenmint.signing.active.keys", ring, r -> r.activeKids().containsKey(line) ? 1 : 0)
				.description("1 while a key is active for this line on this replica")
				.tags(line.metricTags())
				.register(meters);
		}
	}

}
