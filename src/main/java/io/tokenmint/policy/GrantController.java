package io.tokenmint.policy;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operators manage grants here; only the admin key gets in. */
@RestController
@RequestMapping(path = "/admin/grants", produces = MediaType.APPLICATION_JSON_VALUE)
class GrantController {

	private final GrantService grants;

	GrantController(GrantService grants) {
		this.grants = grants;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	GrantView create(@RequestBody GrantRequest request) {
		return GrantView.of(grants.create(request));
	}

	/** @param documentId grants whose pattern covers this document id */
	@GetMapping
	List<GrantView> list(@RequestParam(required = false) String subject,
			@RequestParam(name = "document_id", required = false) String documentId) {
		return grants.list(subject, documentId).stream().map(GrantView::of).toList();
	}

	@GetMapping("/{id}")
	GrantView get(@PathVariable String id) {
		return GrantView.of(grants.get(id));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String id) {
		grants.delete(id);
	}

}
