package io.tokenmint.policy;

import java.util.List;

import io.tokenmint.document.Permission;
import io.tokenmint.problem.ProblemException;
import io.tokenmint.profile.TokenProfiles;
import io.tokenmint.validation.FormFields;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The console's page for grants: the same service, validation and audit as {@code /admin/grants}. */
@Controller
@RequestMapping("/console/grants")
class GrantConsole {

	private final GrantService grants;

	private final TokenProfiles profiles;

	GrantConsole(GrantService grants, TokenProfiles profiles) {
		this.grants = grants;
		this.profiles = profiles;
	}

	/**
	 * @param collaborationPermissions one rule a line, such as {@code annotations:view:all}
	 * @param layer empty for the document's default layer, {@code *} for every layer
	 */
	record GrantForm(@Nullable String subject, @Nullable String documentId, @Nullable String layer, @Nullable Boolean allPermissions,
			@Nullable List<String> permissions, @Nullable String collaborationPermissions, @Nullable String defaultGroup,
			@Nullable Long maxExpiresIn, @Nullable List<String> profiles) {

		static GrantForm blank() {
			return new GrantForm(null, null, null, null, null, null, null, null, null);
		}

		GrantRequest request() {
			return new GrantRequest(subject, FormFields.text(documentId), FormFields.text(layer),
					Boolean.TRUE.equals(allPermissions) ? "all" : (permissions == null ? List.of() : permissions), FormFields.lines(collaborationPermissions),
					FormFields.text(defaultGroup), maxExpiresIn, profiles == null || profiles.isEmpty() ? null : profiles);
		}

	}

	@GetMapping
	String list(@RequestParam(required = false) @Nullable String subject, @RequestParam(required = false) @Nullable String document,
			Model model) {
		model.addAttribute("subject", subject);
		model.addAttribute("document", document);
		return page(model, GrantForm.blank(), null, FormFields.text(subject), FormFields.text(document));
	}

	@PostMapping
	String create(@ModelAttribute GrantForm form, Model model, RedirectAttributes redirect) {
		Grant grant;
		try {
			grant = grants.create(form.request());
		}
		catch (ProblemException problem) {
			return page(model, form, problem, null, null);
		}
		redirect.addFlashAttribute("done", "Grant " + grant.id() + " created for " + grant.subject() + ".");
		return "redirect:/console/grants";
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable String id, Model model, RedirectAttributes redirect) {
		try {
			grants.delete(id);
		}
		catch (ProblemException problem) {
			return page(model, GrantForm.blank(), problem, null, null);
		}
		redirect.addFlashAttribute("done", "Grant " + id + " deleted.");
		return "redirect:/console/grants";
	}

	private String page(Model model, GrantForm form, @Nullable ProblemException problem, @Nullable String subject,
			@Nullable String document) {
		model.addAttribute("grants", grants.list(subject, document).stream().map(GrantView::of).toList());
		model.addAttribute("form", form);
		model.addAttribute("problem", problem);
		model.addAttribute("profileNames", profiles.names());
		model.addAttribute("defaultProfile", profiles.defaultProfile());
		model.addAttribute("permissionNames", Permission.claimNames());
		return "console/grants";
	}

}
