package io.tokenmint.token;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.tokenmint.caller.Caller;
import io.tokenmint.ratelimit.RateLimited;
import io.tokenmint.validation.HeaderText;
import io.tokenmint.validation.RequestFields;

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

	/** RFC 7519, section 10.3.1: a bare compact JWT, what SDK callbacks such as setSession(jwt) take. */
	static final MediaType JWT = MediaType.parseMediaType("application/jwt");

	private final IssuingPipeline tokens;

	private final TokenVerifier verifier;

	TokenController(IssuingPipeline tokens, TokenVerifier verifier) {
		this.tokens = tokens;
		this.verifier = verifier;
	}

	@Operation(summary = "Issue a token",
			description = "Fields depend on the profile (docs/profiles.md). Accept: application/jwt answers the bare token.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json", schema = @Schema(ref = "#/components/schemas/TokenRequest"))),
			responses = @ApiResponse(responseCode = "200", description = "The signed token",
					content = { @Content(mediaType = "application/json", schema = @Schema(implementation = IssuedToken.class)),
							@Content(mediaType = "application/jwt", schema = @Schema(type = "string")) }))
	@RateLimited
	@PostMapping(path = "/tokens", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, "application/jwt" })
	ResponseEntity<?> issue(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
			@RequestBody TokenRequestBody body, HttpServletRequest request) {
		var origin = new RequestOrigin(request.getRemoteAddr(), HeaderText.decode(request.getHeader(HttpHeaders.USER_AGENT)));
		var issued = tokens.issue(caller, new RequestFields(body.fields()), origin);
		var signed = issued.token();
		// Tokens are credentials: no cache may keep them (RFC 6749, section 5.1).
		var answer = ResponseEntity.ok().cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache");
		if (prefersBareToken(request.getHeader(HttpHeaders.ACCEPT))) {
			return answer.contentType(JWT).body(signed.compact());
		}
		long expiresIn = issued.lifetime().toSeconds();
		return answer.contentType(MediaType.APPLICATION_JSON).body(new IssuedToken(signed.compact(), "JWT", expiresIn,
				signed.expiresAt(), signed.kid(), signed.algorithm().name(), signed.jti()));
	}

	/** JSON unless the caller ranks application/jwt above it; a wildcard counts as JSON. */
	static boolean prefersBareToken(String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (org.springframework.http.InvalidMediaTypeException ex) {
			return false;
		}
		double jwt = quality(types, JWT);
		return jwt > 0 && jwt > quality(types, MediaType.APPLICATION_JSON);
	}

	private static double quality(List<MediaType> accepted, MediaType type) {
		return accepted.stream().filter(candidate -> candidate.includes(type) && (type == JWT ? !candidate.isWildcardType()
				&& !candidate.isWildcardSubtype() : true)).mapToDouble(MediaType::getQualityValue).max().orElse(0);
	}

	@RateLimited
	@PostMapping(path = "/tokens/verify", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenVerifier.Report> verify(@RequestBody VerifyRequest body) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(verifier.verify(body.requiredToken(), body.profile(), body.identifier()));
	}

}
