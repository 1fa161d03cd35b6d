package io.tokenmint.signing;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The managed keys that {@code tokenmint.signing.destroy-unreadable-keys} names and the key ring could not unwrap at
 * start are retired, withdrawn and destroyed, each a recorded key step, once the service is up: the way back to signing
 * after the key-encryption key was lost (docs/operations.md, "Losing the key-encryption key").
 */
@Component
class UnreadableKeys {

	private final KeyRing ring;

	private final KeyLifecycle lifecycle;

	UnreadableKeys(KeyRing ring, KeyLifecycle lifecycle) {
		this.ring = ring;
		this.lifecycle = lifecycle;
	}

	@EventListener(ApplicationReadyEvent.class)
	void destroy() {
		ring.unreadable().forEach(lifecycle::destroyUnreadable);
	}

}
