package io.tokenmint.client;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators manage API clients here; the security configuration lets only the admin key in. */
@RestController
@RequestMapping(path = "/admin/clients", produces = MediaType.APPLICATION_JSON_VALUE)
class ApiClientController {

	private final ApiClientService clients;

	ApiClientController(ApiClientService clients) {
		this.clients = clients;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	ClientView create(@RequestBody ClientRequest request) {
		var created = clients.create(request);
		return ClientView.withKey(created.client(), created.apiKey());
	}

	@GetMapping
	List<ClientView> list() {
		return clients.list().stream().map(ClientView::of).toList();
	}

	@GetMapping("/{id}")
	ClientView get(@PathVariable String id) {
		return ClientView.of(clients.get(id));
	}

	/** Fields it holds replace the client's; fields left out (or empty lists) stay as they are. */
	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ClientView update(@PathVariable String id, @RequestBody ClientRequest request) {
		return ClientView.of(clients.update(id, request));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@PathVariable String id) {
		clients.revoke(id);
	}

	@PostMapping("/{id}/key")
	ClientView rotateKey(@PathVariable String id) {
		var rotated = clients.rotateKey(id);
		return ClientView.withKey(rotated.client(), rotated.apiKey());
	}

}
