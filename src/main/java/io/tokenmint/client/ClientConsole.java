package io.tokenmint.client;

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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's page for API clients: the same service, rules and audit as {@code /admin/clients}. A new or
 * rotated key is shown in the answer to the form that made it, once, and never stored in the session.
 */
@Controller
@RequestMapping("/console/clients")
class ClientConsole {

	private final ApiClientService clients;

	private final TokenProfiles profiles;

	ClientConsole(ApiClientService clients, TokenProfiles profiles) {
		this.clients = clients;
		this.profiles = profiles;
	}

	/**
	 * The create form, as fields a browser sends.
	 *
	 * @param documents one document id or pattern a line
	 * @param allPermissions every permission, now and as new ones appear; otherwise {@code permissions}
	 */
	record ClientForm(@Nullable String name, @Nullable List<String> profiles, @Nullable String documents, @Nullable Boolean allPermissions,
			@Nullable List<String> permissions, @Nullable Long maxExpiresIn, @Nullable Boolean maySetPassword) {

		static ClientForm blank() {
			return new ClientForm(null, null, null, null, null, null, null);
		}

		/** Nothing ticked is a field left out: required for an instant client, unchanged in an edit. */
		ClientRequest request() {
			return new ClientRequest(name, Boolean.TRUE.equals(allPermissions) ? "all" : (permissions == null || permissions.isEmpty() ? null : permissions),
					FormFields.lines(documents), maxExpiresIn, Boolean.TRUE.equals(maySetPassword), profiles == null || profiles.isEmpty() ? null : profiles);
		}

		/** A client as its edit form shows it. */
		@SuppressWarnings("unchecked")
		static ClientForm of(ClientView client) {
			boolean all = "all".equals(client.maxPermissions());
			return new ClientForm(client.name(), List.copyOf(client.profiles()), String.join("\n", client.documents()), all,
					all ? null : (List<String>) client.maxPermissions(), client.maxExpiresIn(), client.maySetPassword());
		}

	}

	@GetMapping
	String list(Model model) {
		return page(model, ClientForm.blank(), null);
	}

	@PostMapping
	String create(@ModelAttribute ClientForm form, Model model) {
		try {
			return shown(clients.create(form.request()), "created", model);
		}
		catch (ProblemException problem) {
			return page(model, form, problem);
		}
	}

	@GetMapping("/{id}")
	String edit(@PathVariable String id, Model model) {
		try {
			ClientView client = ClientView.of(clients.get(id));
			return editPage(model, client, ClientForm.of(client), null);
		}
		catch (ProblemException problem) {
			return page(model, ClientForm.blank(), problem);
		}
	}

	/** The edit form's fields replace the client's scope; its key stays. */
	@PostMapping("/{id}")
	String update(@PathVariable String id, @ModelAttribute ClientForm form, Model model, RedirectAttributes redirect) {
		try {
			clients.update(id, form.request());
		}
		catch (ProblemException problem) {
			try {
				return editPage(model, ClientView.of(clients.get(id)), form, problem);
			}
			catch (ProblemException gone) {
				return page(model, ClientForm.blank(), gone);
			}
		}
		redirect.addFlashAttribute("done", "Client " + id + " changed; its key is held to the new scope from its next request.");
		return "redirect:/console/clients";
	}

	@PostMapping("/{id}/rotate-key")
	String rotateKey(@PathVariable String id, Model model) {
		try {
			return shown(clients.rotateKey(id), "given a new key", model);
		}
		catch (ProblemException problem) {
			return page(model, ClientForm.blank(), problem);
		}
	}

	@PostMapping("/{id}/revoke")
	String revoke(@PathVariable String id, Model model, RedirectAttributes redirect) {
		try {
			clients.revoke(id);
		}
		catch (ProblemException problem) {
			return page(model, ClientForm.blank(), problem);
		}
		redirect.addFlashAttribute("done", "Client " + id + " is revoked; its key no longer works.");
		return "redirect:/console/clients";
	}

	private String shown(ApiClientService.ClientWithKey made, String what, Model model) {
		model.addAttribute("client", ClientView.of(made.client()));
		model.addAttribute("apiKey", made.apiKey());
		model.addAttribute("what", what);
		return "console/client-key";
	}

	private String editPage(Model model, ClientView client, ClientForm form, @Nullable ProblemException problem) {
		model.addAttribute("client", client);
		model.addAttribute("form", form);
		model.addAttribute("problem", problem);
		model.addAttribute("profileNames", profiles.names());
		model.addAttribute("permissionNames", Permission.claimNames());
		return "console/client-edit";
	}

	private String page(Model model, ClientForm form, @Nullable ProblemException problem) {
		model.addAttribute("clients", clients.list().stream().map(ClientView::of).toList());
		model.addAttribute("form", form);
		model.addAttribute("problem", problem);
		model.addAttribute("profileNames", profiles.names());
		model.addAttribute("defaultProfile", profiles.defaultProfile());
		model.addAttribute("permissionNames", Permission.claimNames());
		return "console/clients";
	}

}
