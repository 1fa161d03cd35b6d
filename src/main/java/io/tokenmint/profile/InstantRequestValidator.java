package io.tokenmint.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;

import org.springframework.stereotype.Component;

/** The one place where a Document Engine token request is checked against the claim rules. */
@Component
public class InstantRequestValidator {

	public static final int MAX_ID_LENGTH = 256;

	static final int MAX_PASSWORD_LENGTH = 1024;

	static final int MAX_RULES = 100;

	static final int MAX_RULE_LENGTH = 600;

	private final Duration maxExpiresIn;

	public InstantRequestValidator(TokenmintProperties properties) {
		this.maxExpiresIn = properties.maxExpiresIn();
	}

	/**
	 * Reads and checks a request body for the instant profile.
	 * @throws InvalidRequest listing every field of the wrong type, unknown to the profile, or breaking a rule
	 */
	public InstantRequest validate(RequestFields fields) {
		InstantRequest.Raw raw = InstantRequest.Raw.from(fields);
		fields.refuseUnread(TokenProfiles.INSTANT);
		List<Violation> violations = new ArrayList<>(fields.violations());
		try {
			InstantRequest request = validate(raw);
			if (violations.isEmpty()) {
				return request;
			}
		}
		catch (InvalidRequest ex) {
			violations.addAll(ex.violations());
		}
		throw new InvalidRequest(violations);
	}

	/** @throws InvalidRequest listing every rule the request breaks */
	public InstantRequest validate(InstantRequest.Raw raw) {
		List<Violation> violations = new ArrayList<>();
		TextField.require(raw.documentId(), "/document_id", MAX_ID_LENGTH, violations);
		TextField.check(raw.layer(), "/layer", MAX_ID_LENGTH, violations);
		TextField.check(raw.userId(), "/user_id", MAX_ID_LENGTH, violations);
		TextField.check(raw.creatorName(), "/creator_name", MAX_ID_LENGTH, violations);
		TextField.check(raw.group(), "/group", MAX_ID_LENGTH, violations);
		if (raw.password() != null && raw.password().length() > MAX_PASSWORD_LENGTH) {
			violations.add(new Violation(ProblemCode.FIELD_TOO_LONG, "/password", "longer than " + MAX_PASSWORD_LENGTH + " characters"));
		}
		else if (raw.password() != null && raw.password().isEmpty()) {
			violations.add(new Violation(ProblemCode.FIELD_BLANK, "/password", "must not be empty; leave it out instead"));
		}
		PermissionSet permissions = raw.permissions() == null ? null
				: PermissionSet.parse(raw.permissions(), "/permissions", violations);
		List<CollaborationRule> rules = collaborationRules(raw.collaborationPermissions(), violations);
		if (raw.collaborationPermissions() != null && raw.userId() == null) {
			// Document Engine ignores collaboration permissions without user_id and would grant unrestricted access.
			violations.add(new Violation(ProblemCode.COLLABORATION_PERMISSIONS_WITHOUT_USER_ID, "/collaboration_permissions",
					"Document Engine applies collaboration permissions only together with user_id"));
		}
		Duration expiresIn = Lifetimes.parse(raw.expiresIn(), "/expires_in", null, maxExpiresIn, violations);
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		return new InstantRequest(raw.documentId(), raw.layer(), raw.userId(), permissions, raw.creatorName(), raw.group(),
				rules, raw.password(), expiresIn);
	}

	/** Parses collaboration rules; shared with grants, which use the same vocabulary. */
	public static List<CollaborationRule> collaborationRules(List<String> texts, List<Violation> violations) {
		if (texts == null) {
			return null;
		}
		if (texts.size() > MAX_RULES) {
			violations.add(new Violation(ProblemCode.FIELD_TOO_LONG, "/collaboration_permissions", "more than " + MAX_RULES + " rules"));
			return null;
		}
		List<CollaborationRule> rules = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			String pointer = "/collaboration_permissions/" + i;
			String text = texts.get(i);
			if (text == null) {
				violations.add(new Violation(ProblemCode.WRONG_TYPE, pointer, "must be a string"));
				continue;
			}
			int before = violations.size();
			TextField.check(text, pointer, MAX_RULE_LENGTH, violations);
			if (violations.size() > before) {
				continue;
			}
			var parsed = CollaborationRule.parse(text);
			parsed.rule().ifPresentOrElse(rules::add, () -> violations
				.add(new Violation(ProblemCode.INVALID_COLLABORATION_PERMISSION, pointer, parsed.why())));
		}
		return rules;
	}

}
