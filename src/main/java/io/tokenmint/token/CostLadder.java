package io.tokenmint.token;

import java.util.Map;

import io.tokenmint.caller.Caller;
import io.tokenmint.validation.RequestFields;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's cost ladder (bench/run.sh): {@code POST /tokens} stopped after each stage, so that the price of
 * every layer is one subtraction. Only with {@code tokenmint.bench.ladder=true}, which a deployment never sets:
 * no rung is audited, so none answers with a token; the signing rung signs and answers the token's length only.
 */
@RestController
@ConditionalOnBooleanProperty("tokenmint.bench.ladder")
@RequestMapping(path = "/bench/ladder", consumes = MediaType.APPLICATION_JSON_VALUE)
class CostLadder {

	private final IssuingPipeline pipeline;

	CostLadder(IssuingPipeline pipeline) {
		this.pipeline = pipeline;
	}

	/** Tomcat, the filters and the security chain with an API key; the body is not read. */
	@PostMapping("/authenticated")
	ResponseEntity<Void> authenticated() {
		return ResponseEntity.noContent().build();
	}

	/** Plus the JSON body read as POST /tokens reads it, and a JSON answer. */
	@PostMapping(path = "/json", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> json(@RequestBody TokenRequestBody body) {
		return Map.of("fields", new RequestFields(body.fields()).names().size());
	}

	/** Plus the profile, the caller's admission, the decision and the claims. */
	@PostMapping(path = "/decided", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> decided(@AuthenticationPrincipal Caller caller, @RequestBody TokenRequestBody body) {
		return Map.of("claims", pipeline.decide(caller, new RequestFields(body.fields())).claims().asMap().size());
	}

	/** Plus the signature; {@code POST /tokens} adds the audit commit to this. */
	@PostMapping(path = "/signed", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> signed(@AuthenticationPrincipal Caller caller, @RequestBody TokenRequestBody body) {
		var decided = pipeline.decide(caller, new RequestFields(body.fields()));
		return Map.of("token_length", pipeline.sign(decided).compact().length());
	}

}
