package io.tokenmint.token;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;

/**
 * Body of {@code POST /tokens}: whatever fields the JSON object holds, read later by the profile the request
 * names. Its {@code toString} shows how many fields there are and nothing else, because Spring's debug logging
 * prints request bodies and a body can carry a PDF password, even where a name belongs.
 */
final class TokenRequestBody {

	private final Map<String, Object> fields = new LinkedHashMap<>();

	@JsonAnySetter
	void set(String name, Object value) {
		fields.put(name, value);
	}

	Map<String, Object> fields() {
		return fields;
	}

	@Override
	public String toString() {
		return "TokenRequestBody[" + fields.size() + " fields]";
	}

}
