package io.tokenmint.signing;

/** Where a key is in its life; stored in the database so that every replica agrees. */
enum KeyState {

	/** In the JWKS, not signing: verifiers learn it before it signs anything. */
	PUBLISHED,
	/** Signs new tokens; at most one per algorithm. */
	ACTIVE,
	/** Signs nothing; stays in the JWKS until every token it signed has expired. */
	RETIRED

}
