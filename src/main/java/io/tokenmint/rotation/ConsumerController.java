package io.tokenmint.rotation;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Where new public keys must go; only the admin key gets in. */
@RestController
@RequestMapping(path = "/admin/consumers", produces = MediaType.APPLICATION_JSON_VALUE)
class ConsumerController {

	private final ConsumerService consumers;

	private final KeyRotation rotation;

	ConsumerController(ConsumerService consumers, KeyRotation rotation) {
		this.consumers = consumers;
		this.rotation = rotation;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	ConsumerView register(@RequestBody ConsumerRequest request) {
		var registered = consumers.register(request);
		// Deliver the keys already published now, not at the next check.
		rotation.wake();
		return ConsumerView.withSecret(registered.consumer(), registered.webhookSecret());
	}

	@GetMapping
	List<ConsumerView> list() {
		return consumers.list().stream().map(ConsumerView::of).toList();
	}

	@GetMapping("/{id}")
	ConsumerView get(@PathVariable String id) {
		return ConsumerView.of(consumers.get(id));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String id) {
		consumers.delete(id);
	}

}
