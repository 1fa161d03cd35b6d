package io.tokenmint.audit.stream;

/** A required sink could not take a record: the request it belongs to must not be answered. */
public class AuditSinkUnavailable extends RuntimeException {

	AuditSinkUnavailable(String sink, Exception cause) {
		super("required audit sink " + sink + " is unavailable: " + cause.getMessage(), cause);
	}

}
