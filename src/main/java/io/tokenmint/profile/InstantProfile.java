package io.tokenmint.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tokenmint.document.CollaborationRule;
import io.tokenmint.document.Permission;
import io.tokenmint.document.PermissionSet;
import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;
import io.tokenmint.validation.Lifetimes;
import io.tokenmint.validation.RequestFields;
import io.tokenmint.validation.TextField;

import org.jspecify.annotations.Nullable;

/**
 * Nutrient Document Engine and Instant: a token opens one document, in one layer, with permissions (see
 * docs/token-formats.md, section 1, and nutrient.io/guides/document-engine/viewer/client-authentication).
 */
final class InstantProfile extends ConfiguredProfile<InstantProfile.Request> {

	static final String NAME = "instant";

	static final int MAX_PASSWORD_LENGTH = 1024;

	private static final Set<String> OPTIONAL_TEXT_CLAIMS = Set.of("layer", "user_id", "creator_name", "default_group");

	/** Document Engine does not read {@code aud}; its tokens carry none. */
	InstantProfile(ProfileProperties.Instant properties, Duration defaultLifetime, Duration maxLifetime, @Nullable String issuer) {
		super(new ProfileSettings(NAME, properties.algorithm(), TokenProfiles.blankToNull(properties.keyId()), issuer, null,
				defaultLifetime, maxLifetime, Duration.ZERO));
	}

	@Override
	public Request read(RequestFields fields) {
		fields.accept("profile");
		String documentId = fields.string("document_id");
		String layer = fields.string("layer");
		String userId = fields.string("user_id");
		Object rawPermissions = fields.raw("permissions");
		String creatorName = fields.string("creator_name");
		String group = fields.string("group");
		List<String> rules = fields.strings("collaboration_permissions");
		String password = fields.string("password");
		Long expiresIn = fields.integer("expires_in");
		fields.refuseUnread(NAME);
		List<Violation> violations = new ArrayList<>(fields.violations());
		TextField.require(documentId, "/document_id", TextField.MAX_ID_LENGTH, violations);
		TextField.check(layer, "/layer", TextField.MAX_ID_LENGTH, violations);
		TextField.check(userId, "/user_id", TextField.MAX_ID_LENGTH, violations);
		TextField.check(creatorName, "/creator_name", TextField.MAX_ID_LENGTH, violations);
		TextField.check(group, "/group", TextField.MAX_ID_LENGTH, violations);
		if (password != null && password.length() > MAX_PASSWORD_LENGTH) {
			violations.add(new Violation(ProblemCode.FIELD_TOO_LONG, "/password", "longer than " + MAX_PASSWORD_LENGTH + " characters"));
		}
		else if (password != null && password.isEmpty()) {
			violations.add(new Violation(ProblemCode.FIELD_BLANK, "/password", "must not be empty; leave it out instead"));
		}
		PermissionSet permissions = rawPermissions == null ? null : PermissionSet.parse(rawPermissions, "/permissions", violations);
		List<CollaborationRule> collaborationRules = CollaborationRule.parseAll(rules, "/collaboration_permissions", violations);
		if (rules != null && userId == null) {
			// Document Engine ignores collaboration permissions without user_id and would grant unrestricted access.
			violations.add(new Violation(ProblemCode.COLLABORATION_PERMISSIONS_WITHOUT_USER_ID, "/collaboration_permissions",
					"Document Engine applies collaboration permissions only together with user_id"));
		}
		Duration lifetime = Lifetimes.parse(expiresIn, "/expires_in", null, maxLifetime(), violations);
		if (!violations.isEmpty()) {
			throw new InvalidRequest(violations);
		}
		return new Request(documentId, layer, userId, permissions, creatorName, group, collaborationRules, password, lifetime);
	}

	@Override
	public TokenClaims claims(Request request, Decision decision) {
		DocumentGrant granted = decision.document();
		if (granted == null) {
			throw new IllegalStateException("an instant decision always grants a document");
		}
		return new Claims(granted.documentId(), granted.permissions(), granted.layer(), decision.userId(), granted.creatorName(),
				granted.defaultGroup(), granted.collaborationRules(), request.password());
	}

	@Override
	public AuditSummary describe(RequestFields fields) {
		return new AuditSummary(text(fields.raw("document_id")), text(fields.raw("layer")), text(fields.raw("user_id")), null,
				fields.raw("collaboration_permissions") instanceof List<?> rules ? rules.stream().map(String::valueOf).toList() : null);
	}

	private static @Nullable String text(@Nullable Object value) {
		return value instanceof String text ? text : null;
	}

	@Override
	public boolean recognises(Map<String, Object> claims) {
		return claims.containsKey("document_id");
	}

	@Override
	public void check(TokenFacts token, Findings findings) {
		Map<String, Object> claims = token.claims();
		Object documentId = claims.get("document_id");
		if (documentId == null) {
			findings.problem(VerifyCheck.MISSING_CLAIM, "document_id is required");
		}
		else {
			checkText("document_id", documentId, findings);
		}
		Object permissions = claims.get("permissions");
		if (permissions == null) {
			findings.problem(VerifyCheck.MISSING_CLAIM, "permissions is required");
		}
		else {
			List<Violation> violations = new ArrayList<>();
			PermissionSet parsed = PermissionSet.parse(permissions, "/permissions", violations);
			violations.forEach(v -> findings.problem(VerifyCheck.INVALID_CLAIM, "permissions: " + v.detail()));
			if (parsed != null) {
				warnForMobile(parsed, findings);
			}
		}
		for (String name : OPTIONAL_TEXT_CLAIMS) {
			if (claims.containsKey(name)) {
				checkText(name, claims.get(name), findings);
			}
		}
		if (claims.containsKey("password") && !(claims.get("password") instanceof String)) {
			findings.problem(VerifyCheck.INVALID_CLAIM, "password must be a string");
		}
		if (claims.containsKey("collaboration_permissions")) {
			checkCollaborationPermissions(claims, findings);
		}
	}

	/**
	 * Nutrient's iOS and Android guides call {@code download} mandatory for Instant (the SDK downloads the
	 * PDF to sync it), and {@code read-document} is what opens it: a token without them works on the Web.
	 */
	private static void warnForMobile(PermissionSet permissions, Findings findings) {
		List<String> missing = new ArrayList<>();
		for (Permission needed : List.of(Permission.READ_DOCUMENT, Permission.DOWNLOAD)) {
			if (!permissions.covers(PermissionSet.of(List.of(needed)))) {
				missing.add(needed.claimName());
			}
		}
		if (!missing.isEmpty()) {
			findings.warning(VerifyCheck.MISSING_PERMISSION_FOR_MOBILE, "without " + String.join(" and ", missing)
					+ " this token opens the document on the Web only: Instant on iOS and Android needs read-document and download");
		}
	}

	private static void checkText(String name, Object value, Findings findings) {
		if (!(value instanceof String text)) {
			findings.problem(VerifyCheck.INVALID_CLAIM, name + " must be a string");
			return;
		}
		List<Violation> violations = new ArrayList<>();
		TextField.check(text, "/" + name, TextField.MAX_ID_LENGTH, violations);
		violations.forEach(v -> findings.problem(VerifyCheck.INVALID_CLAIM, name + " " + v.detail()));
	}

	private static void checkCollaborationPermissions(Map<String, Object> claims, Findings findings) {
		if (!(claims.get("collaboration_permissions") instanceof List<?> rules) || rules.stream().anyMatch(rule -> !(rule instanceof String))) {
			findings.problem(VerifyCheck.INVALID_CLAIM, "collaboration_permissions must be an array of strings");
			return;
		}
		List<Violation> violations = new ArrayList<>();
		CollaborationRule.parseAll(rules.stream().map(String.class::cast).toList(), "/collaboration_permissions", violations);
		violations.forEach(v -> findings.problem(VerifyCheck.INVALID_CLAIM, "collaboration_permissions"
				+ v.pointer().substring("/collaboration_permissions".length()) + ": " + v.detail()));
		if (!claims.containsKey("user_id")) {
			findings.problem(VerifyCheck.INVALID_CLAIM,
					"collaboration_permissions without user_id: Document Engine ignores them and grants unrestricted access");
		}
	}

	@Override
	public boolean opensDocuments() {
		return true;
	}

	@Override
	public Class<?> requestSchema() {
		return InstantRequestDoc.class;
	}

	/** A validated instant request; {@code toString} never shows the password. */
	record Request(String documentId, @Nullable String layer, @Nullable String userId, @Nullable PermissionSet permissions,
			@Nullable String creatorName, @Nullable String group, @Nullable List<CollaborationRule> collaborationRules,
			@Nullable String password, @Nullable Duration expiresIn) implements ProfileRequest {

		@Override
		public AccessRequest access() {
			return new AccessRequest(new DocumentRequest(documentId, layer, permissions, creatorName, group, collaborationRules,
					password != null), userId, null, expiresIn, List.of());
		}

		@Override
		public String toString() {
			return "InstantRequest[documentId=" + documentId + ", layer=" + layer + ", userId=" + userId + ", permissions="
					+ permissions + ", password=" + (password == null ? "absent" : "***") + ", expiresIn=" + expiresIn + "]";
		}

	}

	/**
	 * Document Engine's claims. Absent values are absent claims, never {@code null}. The iOS guide calls the
	 * group claim {@code group}; Document Engine's reference, which the server follows, names it
	 * {@code default_group}.
	 */
	record Claims(String documentId, PermissionSet permissions, @Nullable String layer, @Nullable String userId,
			@Nullable String creatorName, @Nullable String defaultGroup, @Nullable List<CollaborationRule> collaborationRules,
			@Nullable String password) implements TokenClaims {

		@Override
		public Map<String, Object> asMap() {
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("document_id", documentId);
			claims.put("permissions", permissions.claimValue());
			putIfPresent(claims, "layer", layer);
			putIfPresent(claims, "user_id", userId);
			putIfPresent(claims, "creator_name", creatorName);
			putIfPresent(claims, "default_group", defaultGroup);
			if (collaborationRules != null) {
				claims.put("collaboration_permissions", rules());
			}
			putIfPresent(claims, "password", password);
			return claims;
		}

		@Override
		public AuditSummary audit() {
			return new AuditSummary(documentId, layer, userId, permissions.names(), collaborationRules == null ? null : rules());
		}

		private List<String> rules() {
			return collaborationRules.stream().map(CollaborationRule::toString).toList();
		}

		private static void putIfPresent(Map<String, Object> claims, String name, @Nullable String value) {
			if (value != null) {
				claims.put(name, value);
			}
		}

		@Override
		public String toString() {
			return "InstantClaims[documentId=" + documentId + ", permissions=" + permissions + ", userId=" + userId + ", password="
					+ (password == null ? "absent" : "***") + "]";
		}

	}

}
