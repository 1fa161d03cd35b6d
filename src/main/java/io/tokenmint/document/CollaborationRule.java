package io.tokenmint.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;
import io.tokenmint.validation.TextField;

/**
 * One entry of the {@code collaboration_permissions} claim: {@code <content-type>:<action>:<scope>}.
 * Grammar from nutrient.io/guides/web/collaboration-permissions/defining-permissions and
 * .../instant-synchronization/permissions/content-ownership.
 */
public record CollaborationRule(String contentType, String action, String scope) {

	static final Set<String> CONTENT_TYPES = Set.of("annotations", "comments", "form-fields");

	static final Set<String> ACTIONS = Set.of("view", "edit", "delete", "fill", "reply", "set-group");

	private static final int MAX_SCOPE_VALUE = 256;

	/** At most this many rules a token or grant. */
	public static final int MAX_RULES = 100;

	/** The longest rule, in code points. */
	public static final int MAX_RULE_LENGTH = 600;

	/**
	 * Parses a list of rules, as requests and grants give them; each problem is added with its pointer.
	 * @return the rules, {@code null} when {@code texts} is {@code null} or too long
	 */
	public static List<CollaborationRule> parseAll(List<String> texts, String pointer,
			List<Violation> violations) {
		if (texts == null) {
			return null;
		}
		if (texts.size() > MAX_RULES) {
			violations.add(new Violation(ProblemCode.FIELD_TOO_LONG, pointer,
					"more than " + MAX_RULES + " rules"));
			return null;
		}
		List<CollaborationRule> rules = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			String at = pointer + "/" + i;
			String text = texts.get(i);
			if (text == null) {
				violations.add(new Violation(ProblemCode.WRONG_TYPE, at, "must be a string"));
				continue;
			}
			int before = violations.size();
			TextField.check(text, at, MAX_RULE_LENGTH, violations);
			if (violations.size() > before) {
				continue;
			}
			Result parsed = parse(text);
			parsed.rule().ifPresentOrElse(rules::add, () -> violations
				.add(new Violation(ProblemCode.INVALID_COLLABORATION_PERMISSION, at, parsed.why())));
		}
		return rules;
	}

	/**
	 * Parses one rule.
	 * @return the rule, or empty with the reason in {@code why}
	 */
	public static Result parse(String text) {
		String[] parts = text.split(":", 3);
		if (parts.length != 3) {
			return Result.invalid("expected <content-type>:<action>:<scope>, such as annotations:view:all");
		}
		String contentType = parts[0];
		String action = parts[1];
		String scope = parts[2];
		if (!CONTENT_TYPES.contains(contentType)) {
			return Result.invalid("content type must be annotations, comments or form-fields");
		}
		if (!ACTIONS.contains(action)) {
			return Result.invalid("action must be view, edit, delete, fill, reply or set-group");
		}
		if (action.equals("fill") && !contentType.equals("form-fields")) {
			return Result.invalid("only form-fields can be filled");
		}
		if (action.equals("reply") && !contentType.equals("comments")) {
			return Result.invalid("only comments take replies");
		}
		Optional<String> scopeProblem = scopeProblem(contentType, scope);
		if (scopeProblem.isPresent()) {
			return Result.invalid(scopeProblem.get());
		}
		return new Result(Optional.of(new CollaborationRule(contentType, action, scope)), null);
	}

	private static Optional<String> scopeProblem(String contentType, String scope) {
		boolean creatorBased = scope.equals("self") || scope.startsWith("createdBy=");
		if (creatorBased && contentType.equals("form-fields")) {
			// Form fields have no creator in Document Engine's model; only all or group= apply.
			return Optional.of("form-fields rules cannot be scoped by creator; use all or group=<name>");
		}
		if (scope.equals("all") || scope.equals("self")) {
			return Optional.empty();
		}
		for (String prefix : new String[] { "createdBy=", "group=" }) {
			if (scope.startsWith(prefix)) {
				String value = scope.substring(prefix.length());
				if (value.isEmpty()) {
					return Optional.of(prefix + " needs a value");
				}
				if (value.codePointCount(0, value.length()) > MAX_SCOPE_VALUE) {
					return Optional.of(prefix + " value longer than " + MAX_SCOPE_VALUE + " characters");
				}
				return Optional.empty();
			}
		}
		return Optional.of("scope must be all, self, createdBy=<user> or group=<name>");
	}

	@Override
	public String toString() {
		return contentType + ":" + action + ":" + scope;
	}

	/** A parsed rule or why it did not parse. */
	public record Result(Optional<CollaborationRule> rule, String why) {

		static Result invalid(String why) {
			return new Result(Optional.empty(), why);
		}

	}

}
