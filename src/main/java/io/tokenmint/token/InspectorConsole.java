package io.tokenmint.token;

import java.util.Map;

import io.tokenmint.problem.ProblemException;
import io.tokenmint.profile.TokenProfiles;
import io.tokenmint.signing.KeyLife;
import io.tokenmint.signing.KeyLifecycle;
import io.tokenmint.validation.FormFields;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token inspector: a pasted token's header and claims decoded, the key that signed it, and each check with
 * the reasons {@code /tokens/verify} gives, by the same verifier. The token is not echoed back into the page,
 * logged or audited; a {@code password} claim is masked as it is by the API.
 */
@Controller
@RequestMapping("/console/inspect")
class InspectorConsole {

	/** Longer input is no token this service issued; the verifier is not run on it. */
	static final int MAX_TOKEN_LENGTH = 65_536;

	private final TokenVerifier verifier;

	private final TokenProfiles profiles;

	private final KeyLifecycle keys;

	private final JsonMapper pretty;

	InspectorConsole(TokenVerifier verifier, TokenProfiles profiles, KeyLifecycle keys, JsonMapper json) {
		this.verifier = verifier;
		this.profiles = profiles;
		this.keys = keys;
		this.pretty = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
	}

	@GetMapping
	String form(Model model) {
		model.addAttribute("profileNames", profiles.names());
		return "console/inspect";
	}

	@PostMapping
	String inspect(@RequestParam(defaultValue = "") String token, @RequestParam(required = false) @Nullable String profile,
			@RequestParam(required = false) @Nullable String identifier, Model model) {
		model.addAttribute("profileNames", profiles.names());
		model.addAttribute("chosenProfile", FormFields.text(profile));
		model.addAttribute("identifier", FormFields.text(identifier));
		String compact = token.strip();
		if (compact.isEmpty() || compact.length() > MAX_TOKEN_LENGTH) {
			model.addAttribute("inputError", compact.isEmpty() ? "Paste a token." : "That is longer than any token this service issues.");
			return "console/inspect";
		}
		TokenVerifier.Report report;
		try {
			report = verifier.verify(compact, FormFields.text(profile), FormFields.text(identifier));
		}
		catch (ProblemException problem) {
			model.addAttribute("problem", problem);
			return "console/inspect";
		}
		model.addAttribute("report", report);
		model.addAttribute("steps", InspectionChecks.of(report));
		model.addAttribute("headerJson", report.header() == null ? null : pretty.writeValueAsString(report.header()));
		model.addAttribute("claimsJson", report.claims() == null ? null : pretty.writeValueAsString(report.claims()));
		// The NumericDates a person wants as times, not as seconds since 1970.
		java.util.Map<String, Object> times = new java.util.LinkedHashMap<>();
		if (report.claims() != null) {
			java.util.List.of("iat", "nbf", "exp").forEach(claim -> {
				if (report.claims().get(claim) instanceof Number seconds) {
					times.put(claim, seconds);
				}
			});
		}
		model.addAttribute("claimTimes", times);
		model.addAttribute("signer", signer(report.header()));
		return "console/inspect";
	}

	/** The key the header names, as this service knows it, or {@code null} when it names none it knows. */
	private @Nullable KeyLife signer(@Nullable Map<String, Object> header) {
		if (header == null || !(header.get("kid") instanceof String kid)) {
			return null;
		}
		return keys.keys().stream().filter(key -> key.kid().equals(kid)).findFirst().orElse(null);
	}

}
