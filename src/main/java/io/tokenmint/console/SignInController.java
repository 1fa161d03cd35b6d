package io.tokenmint.console;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The sign-in page (the form posts to Spring Security's login filter) and the page for refused requests. */
@Controller
class SignInController {

	/** An identity provider the sign-in page offers, as its link and its name. */
	record Provider(String href, String name) {
	}

	private final List<Provider> providers = new ArrayList<>();

	SignInController(ObjectProvider<ClientRegistrationRepository> registrations) {
		if (registrations.getIfAvailable() instanceof Iterable<?> all) {
			for (Object registration : all) {
				ClientRegistration client = (ClientRegistration) registration;
				providers.add(new Provider("/oauth2/authorization/" + client.getRegistrationId(), client.getClientName()));
			}
		}
	}

	@GetMapping("/console/sign-in")
	String signIn(Model model) {
		model.addAttribute("providers", providers);
		return "console/sign-in";
	}

	@RequestMapping("/console/denied")
	@ResponseStatus(HttpStatus.FORBIDDEN)
	String denied() {
		return "console/denied";
	}

}
