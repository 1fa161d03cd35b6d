package io.tokenmint.web;

import java.io.IOException;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * The JSON converter, with parse errors stripped of the parser's message before anything logs them: that
 * message quotes the offending input, and the input may be a password or a key sent in the wrong place.
 * The cause stays attached so the problem advice can still tell an unknown field from a type error.
 */
class QuietJsonConverter extends JacksonJsonHttpMessageConverter {

	QuietJsonConverter(JsonMapper mapper) {
		super(mapper);
	}

	@Override
	public Object read(ResolvableType type, HttpInputMessage input, Map<String, Object> hints) throws IOException {
		try {
			return super.read(type, input, hints);
		}
		catch (HttpMessageNotReadableException ex) {
			throw quiet(ex, input);
		}
	}

	@Override
	protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
		try {
			return super.readInternal(type, input);
		}
		catch (HttpMessageNotReadableException ex) {
			throw quiet(ex, input);
		}
	}

	private static HttpMessageNotReadableException quiet(HttpMessageNotReadableException ex, HttpInputMessage input) {
		return new HttpMessageNotReadableException("Request body is not a readable JSON object", ex.getCause(), input);
	}

}
