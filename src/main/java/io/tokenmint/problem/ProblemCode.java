package io.tokenmint.problem;

import java.net.URI;
import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * Every machine-readable {@code code} an error body can carry. docs/api.md lists them; changing a name
 * breaks clients that branch on it.
 */
public enum ProblemCode {

	// 400: the request itself is wrong
	MALFORMED_JSON(HttpStatus.BAD_REQUEST, "Body is not valid JSON"),
	MALFORMED_FORM(HttpStatus.BAD_REQUEST, "Form or query string is not valid"),
	UNKNOWN_FIELD(HttpStatus.BAD_REQUEST, "Unknown field"),
	WRONG_TYPE(HttpStatus.BAD_REQUEST, "Field has the wrong JSON type"),
	FIELD_REQUIRED(HttpStatus.BAD_REQUEST, "Required field missing"),
	FIELD_BLANK(HttpStatus.BAD_REQUEST, "Field is blank"),
	FIELD_TOO_LONG(HttpStatus.BAD_REQUEST, "Field is too long"),
	CONTROL_CHARACTERS(HttpStatus.BAD_REQUEST, "Field contains control characters"),
	INVALID_PERMISSION(HttpStatus.BAD_REQUEST, "Unknown permission"),
	PERMISSIONS_EMPTY(HttpStatus.BAD_REQUEST, "Permission list is empty"),
	PERMISSIONS_ALL_MIXED(HttpStatus.BAD_REQUEST, "\"all\" mixed with other permissions"),
	INVALID_COLLABORATION_PERMISSION(HttpStatus.BAD_REQUEST, "Collaboration permission does not parse"),
	COLLABORATION_PERMISSIONS_WITHOUT_USER_ID(HttpStatus.BAD_REQUEST, "Collaboration permissions need a user_id"),
	EXPIRES_IN_OUT_OF_RANGE(HttpStatus.BAD_REQUEST, "Lifetime out of range"),
	INVALID_DOCUMENT_PATTERN(HttpStatus.BAD_REQUEST, "Invalid document pattern"),
	INVALID_CONSUMER(HttpStatus.BAD_REQUEST, "Consumer type or URL not valid"),
	CONSUMER_ADDRESS_REFUSED(HttpStatus.BAD_REQUEST, "Consumer URL refused by the address policy"),
	INVALID_SUBJECT(HttpStatus.BAD_REQUEST, "Subject must be user:<id> or group:<name>"),
	UNKNOWN_PROFILE(HttpStatus.BAD_REQUEST, "Unknown token profile"),
	RESERVED_CLAIM(HttpStatus.BAD_REQUEST, "Registered claims cannot be set from a request"),
	PATTERN_MISMATCH(HttpStatus.BAD_REQUEST, "Value does not match the required pattern"),
	VALUE_NOT_ALLOWED(HttpStatus.BAD_REQUEST, "Value is not one of the allowed values"),
	INVALID_PARAMETER(HttpStatus.BAD_REQUEST, "Invalid query parameter"),
	AMBIGUOUS_CREDENTIALS(HttpStatus.BAD_REQUEST, "More than one kind of credential"),
	INVALID_HEADER(HttpStatus.BAD_REQUEST, "Malformed header"),
	REQUEST_REJECTED(HttpStatus.BAD_REQUEST, "Malformed path, method or header"),

	// 401: who is calling is unknown
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
	INVALID_API_KEY(HttpStatus.UNAUTHORIZED, "API key not valid"),
	INVALID_BEARER_TOKEN(HttpStatus.UNAUTHORIZED, "Bearer token not valid"),

	// 403: the caller is known and may not do this
	ACCESS_DENIED(HttpStatus.FORBIDDEN, "Access denied"),
	ORIGIN_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Browser origin not allowed"),
	PERMISSION_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Permission outside the client's scope"),
	DOCUMENT_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Document outside the client's scope"),
	EXPIRES_IN_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Lifetime longer than the client may issue"),
	PASSWORD_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Caller may not set a password"),
	NO_GRANT(HttpStatus.FORBIDDEN, "No grant covers this document and layer"),
	PERMISSION_NOT_GRANTED(HttpStatus.FORBIDDEN, "Permission not granted"),
	USER_ID_MISMATCH(HttpStatus.FORBIDDEN, "user_id differs from the signed-in user"),
	FIELD_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Field not settable by this caller"),
	PROFILE_NOT_ALLOWED(HttpStatus.FORBIDDEN, "Token profile not allowed for this caller"),

	// 404 and other protocol answers
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
	CLIENT_NOT_FOUND(HttpStatus.NOT_FOUND, "No such client"),
	GRANT_NOT_FOUND(HttpStatus.NOT_FOUND, "No such grant"),
	KEY_NOT_FOUND(HttpStatus.NOT_FOUND, "No such key"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	KEY_STATE_CONFLICT(HttpStatus.CONFLICT, "Key is not in a state that allows this"),
	KEY_NOT_PUBLISHED_LONG_ENOUGH(HttpStatus.CONFLICT, "Key not published long enough to activate"),
	KEY_NOT_DELIVERED(HttpStatus.CONFLICT, "Not every required consumer has confirmed the key"),
	MANAGED_KEYS_DISABLED(HttpStatus.CONFLICT, "tokenmint keeps no keys of its own"),
	BACKUP_NOT_EMBEDDED(HttpStatus.CONFLICT, "This database is backed up with its own tools"),
	ROTATION_BUSY(HttpStatus.CONFLICT, "Another replica is taking a rotation step"),
	CONSUMER_NOT_FOUND(HttpStatus.NOT_FOUND, "No such consumer"),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Cannot produce an acceptable media type"),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Body too large"),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type"),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),

	// 5xx: our side
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
	NO_ACTIVE_KEY(HttpStatus.SERVICE_UNAVAILABLE, "No active signing key"),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

	private final HttpStatus status;

	private final String title;

	ProblemCode(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	public HttpStatus status() {
		return status;
	}

	public String title() {
		return title;
	}

	/** RFC 9457 {@code type}: one stable URI per code. */
	public URI type() {
		return URI.create("urn:tokenmint:problem:" + name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

}
