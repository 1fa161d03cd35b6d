package io.tokenmint.signing;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Key rotation for operators; only the admin key gets in. */
@RestController
@RequestMapping(path = "/admin/keys", produces = MediaType.APPLICATION_JSON_VALUE)
class KeyAdminController {

	private final KeyAdministration keys;

	KeyAdminController(KeyAdministration keys) {
		this.keys = keys;
	}

	@GetMapping
	List<KeyView> list() {
		return keys.list();
	}

	@PostMapping("/{kid}/activate")
	KeyView activate(@PathVariable String kid, @RequestParam(defaultValue = "false") boolean force,
			@RequestParam(name = "override_consumers", defaultValue = "false") boolean overrideConsumers) {
		return keys.activate(kid, force, overrideConsumers);
	}

	@PostMapping("/{kid}/retire")
	KeyView retire(@PathVariable String kid) {
		return keys.retire(kid);
	}

}
