package io.tokenmint.token;

import jakarta.servlet.http.HttpServletRequest;

import io.tokenmint.web.Caller;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /tokens} and {@code POST /tokens/verify}. */
@RestController
class TokenController {

	private final TokenService tokens;

	private final TokenVerifier verifier;

	TokenController(TokenService tokens, TokenVerifier verifier) {
		this.tokens = tokens;
		this.verifier = verifier;
	}

	@PostMapping(path = "/tokens", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<IssuedToken> issue(@AuthenticationPrincipal Caller caller, @RequestBody TokenRequest body,
			HttpServletRequest request) {
		var origin = new RequestOrigin(request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT));
		var signed = tokens.issue(caller, body.toInstant(), origin);
		long expiresIn = java.time.Duration.between(signed.issuedAt(), signed.expiresAt()).toSeconds();
		var answer = new IssuedToken(signed.compact(), "JWT", expiresIn, signed.expiresAt(), signed.kid(),
				signed.algorithm().name(), signed.jti());
		// Tokens are credentials: no cache may keep them (RFC 6749, section 5.1).
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache").body(answer);
	}

	@PostMapping(path = "/tokens/verify", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenVerifier.Report> verify(@RequestBody VerifyRequest body) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(verifier.verify(body.requiredToken()));
	}

}
