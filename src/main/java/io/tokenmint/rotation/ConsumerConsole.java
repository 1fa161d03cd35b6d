package io.tokenmint.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.tokenmint.problem.ProblemException;
import io.tokenmint.signing.KeyLifecycle;
import io.tokenmint.validation.FormFields;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's page for key consumers and the rotation schedule: the same services and audit as
 * {@code /admin/consumers} and {@code POST /admin/keys/rotate}. A webhook's secret is shown once, in the answer
 * to its registration; a Document Engine's API token is never shown again.
 */
@Controller
@RequestMapping("/console/consumers")
class ConsumerConsole {

	private static final String PROFILE_LINE = "profile:";

	private final ConsumerService consumers;

	private final KeyRotation rotation;

	private final KeyLifecycle keys;

	private final RotationHealth health;

	private final RotationProperties properties;

	ConsumerConsole(ConsumerService consumers, KeyRotation rotation, KeyLifecycle keys, RotationHealth health, RotationProperties properties) {
		this.properties = properties;
		this.consumers = consumers;
		this.rotation = rotation;
		this.keys = keys;
		this.health = health;
	}

	record ConsumerForm(@Nullable String type, @Nullable String name, @Nullable String url, @Nullable String apiToken, @Nullable Boolean required,
			@Nullable List<String> profiles) {

		static ConsumerForm blank() {
			return new ConsumerForm("document-engine", null, null, null, true, null);
		}

		ConsumerRequest request() {
			return new ConsumerRequest(type, name, FormFields.text(url), FormFields.text(apiToken), Boolean.TRUE.equals(required), profiles);
		}

		/** The form shown again after a refusal: never with the token that was typed. */
		ConsumerForm withoutToken() {
			return new ConsumerForm(type, name, url, null, required, profiles);
		}

		public boolean names(String profile) {
			return profiles != null && profiles.contains(profile);
		}

	}

	@GetMapping
	String list(Model model) {
		return page(model, ConsumerForm.blank(), null);
	}

	@PostMapping
	String register(@ModelAttribute ConsumerForm form, Model model) {
		ConsumerService.Registered registered;
		try {
			registered = consumers.register(form.request());
		}
		catch (ProblemException problem) {
			return page(model, form.withoutToken(), problem);
		}
		rotation.wake();
		model.addAttribute("consumer", ConsumerView.of(registered.consumer()));
		model.addAttribute("webhookSecret", registered.webhookSecret());
		return "console/consumer-registered";
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable String id, Model model, RedirectAttributes redirect) {
		try {
			consumers.delete(id);
		}
		catch (ProblemException problem) {
			return page(model, ConsumerForm.blank(), problem);
		}
		redirect.addFlashAttribute("done", "Consumer " + id + " removed; new keys no longer go there.");
		return "redirect:/console/consumers";
	}

	@PostMapping("/rotate")
	String rotate(@RequestParam(required = false) @Nullable String line, @RequestParam(defaultValue = "false") boolean emergency,
			@RequestParam(defaultValue = "false") boolean overrideConsumers, Model model) {
		// One list names both kinds of line: "RS256" for an algorithm's shared key, "profile:braze" for a profile's own.
		String chosen = FormFields.text(line);
		boolean own = chosen != null && chosen.startsWith(PROFILE_LINE);
		try {
			model.addAttribute("rotation", rotation.rotateOnRequest(own ? null : chosen, own ? chosen.substring(PROFILE_LINE.length()) : null,
					emergency, overrideConsumers));
			return page(model, ConsumerForm.blank(), null);
		}
		catch (ProblemException problem) {
			return page(model, ConsumerForm.blank(), problem);
		}
	}

	/** One line of the rotation's state, for people: a time, a duration or words (the template formats the first two). */
	record Fact(String label, @Nullable Instant instant, @Nullable Duration duration, @Nullable String text) {
	}

	/** Rotation health's details, which monitors read as they are, in the words and units an operator reads. */
	private List<Fact> facts(Map<String, Object> details) {
		List<Fact> facts = new ArrayList<>();
		if (properties.every() != null) {
			facts.add(new Fact("Schedule: each key signs for", null, properties.every(), null));
		}
		else if (details.containsKey("schedule")) {
			facts.add(new Fact("Schedule", null, null, "on request only"));
		}
		if (details.containsKey("managedKeys")) {
			facts.add(new Fact("Managed keys", null, null, String.valueOf(details.get("managedKeys"))));
		}
		count(facts, details, "failingDeliveries", "Deliveries to required consumers failing");
		count(facts, details, "failingOptionalDeliveries", "Deliveries to optional consumers failing");
		if (details.get("waitingActivations") instanceof Collection<?> waiting) {
			facts.add(new Fact("Activations waiting for a consumer", null, null, waiting.isEmpty() ? "none" : String.join(", ",
					waiting.stream().map(String::valueOf).toList())));
		}
		if (details.get("lastRunHere") instanceof String at) {
			facts.add(new Fact("Last run on this replica", Instant.parse(at), null, null));
		}
		if (details.get("lastRunFailedHere") instanceof String failed) {
			facts.add(new Fact("Last run on this replica failed", null, null, failed));
		}
		return facts;
	}

	private static void count(List<Fact> facts, Map<String, Object> details, String key, String label) {
		if (details.containsKey(key)) {
			facts.add(new Fact(label, null, null, String.valueOf(details.get(key))));
		}
	}

	private String page(Model model, ConsumerForm form, @Nullable ProblemException problem) {
		model.addAttribute("consumers", consumers.list().stream().map(ConsumerView::of).toList());
		model.addAttribute("form", form);
		model.addAttribute("problem", problem);
		model.addAttribute("managed", keys.enabled());
		Map<String, String> lines = new java.util.LinkedHashMap<>();
		keys.lines().forEach(line -> lines.put(line.isShared() ? line.algorithm().name() : PROFILE_LINE + line.profile(),
				line.isShared() ? line.algorithm() + " (shared)" : line.profile() + " (" + line.algorithm() + ")"));
		model.addAttribute("lines", lines);
		model.addAttribute("profiles", keys.profiles());
		Health state = health.health();
		model.addAttribute("rotationStatus", state.getStatus().getCode());
		model.addAttribute("rotationFacts", facts(state.getDetails()));
		return "console/consumers";
	}

}
