package io.tokenmint.signing;

import java.time.Clock;

import io.tokenmint.problem.ProblemException;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's page for signing keys: each key's life on a timeline, and activation and retirement with the
 * same safeguards as {@code /admin/keys} (publish-ahead, consumer confirmation), overridable only by ticking
 * the same options the API takes.
 */
@Controller
@RequestMapping("/console/keys")
class KeyConsole {

	private final KeyAdministration keys;

	private final Clock clock;

	KeyConsole(KeyAdministration keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	@GetMapping
	String list(Model model) {
		return page(model, null);
	}

	@PostMapping("/{kid}/activate")
	String activate(@PathVariable String kid, @RequestParam(defaultValue = "false") boolean force,
			@RequestParam(defaultValue = "false") boolean overrideConsumers, Model model, RedirectAttributes redirect) {
		try {
			keys.activate(kid, force, overrideConsumers);
		}
		catch (ProblemException problem) {
			return page(model, problem);
		}
		redirect.addFlashAttribute("done", "Key " + kid + " is active: new tokens are signed with it.");
		return "redirect:/console/keys";
	}

	@PostMapping("/{kid}/retire")
	String retire(@PathVariable String kid, Model model, RedirectAttributes redirect) {
		KeyView retired;
		try {
			retired = keys.retire(kid);
		}
		catch (ProblemException problem) {
			return page(model, problem);
		}
		redirect.addFlashAttribute("done", "Key " + kid + " is retired; it stays published until " + retired.publishedUntil() + ".");
		return "redirect:/console/keys";
	}

	private String page(Model model, @Nullable ProblemException problem) {
		var all = keys.list();
		model.addAttribute("keys", all);
		model.addAttribute("timeline", KeyTimeline.of(all, clock.instant()));
		model.addAttribute("problem", problem);
		return "console/keys";
	}

}
