package io.tokenmint.rotation;

import java.util.TreeSet;

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

	private final ConsumerService consumers;

	private final KeyRotation rotation;

	private final KeyLifecycle keys;

	private final RotationHealth health;

	ConsumerConsole(ConsumerService consumers, KeyRotation rotation, KeyLifecycle keys, RotationHealth health) {
		this.consumers = consumers;
		this.rotation = rotation;
		this.keys = keys;
		this.health = health;
	}

	record ConsumerForm(@Nullable String type, @Nullable String name, @Nullable String url, @Nullable String apiToken, @Nullable Boolean required) {

		static ConsumerForm blank() {
			return new ConsumerForm("document-engine", null, null, null, true);
		}

		ConsumerRequest request() {
			return new ConsumerRequest(type, name, FormFields.text(url), FormFields.text(apiToken), Boolean.TRUE.equals(required));
		}

		/** The form shown again after a refusal: never with the token that was typed. */
		ConsumerForm withoutToken() {
			return new ConsumerForm(type, name, url, null, required);
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
	String rotate(@RequestParam(required = false) @Nullable String algorithm, @RequestParam(defaultValue = "false") boolean emergency,
			@RequestParam(defaultValue = "false") boolean overrideConsumers, Model model) {
		try {
			model.addAttribute("rotation", rotation.rotateOnRequest(FormFields.text(algorithm), emergency, overrideConsumers));
			return page(model, ConsumerForm.blank(), null);
		}
		catch (ProblemException problem) {
			return page(model, ConsumerForm.blank(), problem);
		}
	}

	private String page(Model model, ConsumerForm form, @Nullable ProblemException problem) {
		model.addAttribute("consumers", consumers.list().stream().map(ConsumerView::of).toList());
		model.addAttribute("form", form);
		model.addAttribute("problem", problem);
		model.addAttribute("managed", keys.enabled());
		model.addAttribute("algorithms", new TreeSet<>(keys.algorithms().stream().map(Enum::name).toList()));
		Health state = health.health();
		model.addAttribute("rotationStatus", state.getStatus().getCode());
		model.addAttribute("rotationDetails", new java.util.TreeMap<>(state.getDetails()));
		return "console/consumers";
	}

}
