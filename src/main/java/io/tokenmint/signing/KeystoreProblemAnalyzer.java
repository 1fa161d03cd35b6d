package io.tokenmint.signing;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** A keystore that cannot give tokenmint usable keys, said in one block, never with a password or key in it. */
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeystoreProblemAnalyzer extends AbstractFailureAnalyzer<KeystoreLoader.KeystoreProblem> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, KeystoreLoader.KeystoreProblem problem) {
		return new FailureAnalysis("tokenmint cannot start: the signing keys are not usable.\n\n    " + problem.getMessage(),
				"Check tokenmint.signing.keystore (TOKENMINT_SIGNING_KEYSTORE) and its password (TOKENMINT_KEYSTORE_PASSWORD), or the "
						+ "PKCS#11 settings; docs/keys.md says what each kind of key needs.", problem);
	}

}
