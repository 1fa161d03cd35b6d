package io.tokenmint.caller;

import java.util.Set;

import io.tokenmint.client.ApiClient;

/** Who is calling, once authentication has decided. */
public sealed interface Caller {

	/** {@code admin}, {@code monitor}, {@code client} or {@code user}, as the audit records it. */
	String kind();

	/** The client id or the user's subject; never a secret. */
	String id();

	/** The signed-in user's subject, for callers that are a user; {@code null} for the others. */
	default String userSubject() {
		return null;
	}

	/** The operator, holding the admin key. */
	record Admin() implements Caller {

		@Override
		public String kind() {
			return "admin";
		}

		@Override
		public String id() {
			return "admin";
		}

	}

	/** The monitoring system, holding the metrics key: it reads the metrics and nothing else. */
	record Monitor() implements Caller {

		@Override
		public String kind() {
			return "monitor";
		}

		@Override
		public String id() {
			return "monitor";
		}

	}

	/** A customer's backend, holding an API key. */
	record Client(ApiClient client) implements Caller {

		@Override
		public String kind() {
			return "client";
		}

		@Override
		public String id() {
			return client.id();
		}

	}

	/**
	 * An app's signed-in user, holding a token from the app's identity provider.
	 * @param claims every claim of that token, for custom profiles that copy some
	 */
	record EndUser(String subject, Set<String> groups, String name, java.util.Map<String, Object> claims) implements Caller {

		@Override
		public String kind() {
			return "user";
		}

		@Override
		public String id() {
			return subject;
		}

		@Override
		public String userSubject() {
			return subject;
		}

	}

}
