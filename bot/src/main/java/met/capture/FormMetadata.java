package met.capture;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.math.BigDecimal;

/**
 * What the debrief modal carries in its {@code private_metadata}.
 *
 * @param channelId        where the form was opened from (to answer there), or null
 * @param editingDebriefId the debrief being edited, or null for a new one
 * @param contactRows      how many contact sections the form shows; always kept within 1..{@link Debrief#MAX_CONTACTS}
 */
public record FormMetadata(String channelId, Long editingDebriefId, int contactRows) {

    // Slack channel ids are about a dozen characters; anything longer is not one, and would eat the 3000-char budget.
    private static final int MAX_CHANNEL_ID = 64;

    public FormMetadata {
        // Clamped rather than rejected: the value comes back from Slack and from "add a row" arithmetic.
        contactRows = Math.max(1, Math.min(Debrief.MAX_CONTACTS, contactRows));
        if (channelId != null && (channelId.isBlank() || channelId.length() > MAX_CHANNEL_ID)) {
            channelId = null;
        }
    }

    public FormMetadata withContactRows(int rows) {
        return new FormMetadata(channelId, editingDebriefId, rows);
    }

    public String toJson() {
        JsonObject json = new JsonObject();
        if (channelId != null) {
            json.addProperty("channelId", channelId);
        }
        if (editingDebriefId != null) {
            json.addProperty("editingDebriefId", editingDebriefId);
        }
        json.addProperty("contactRows", contactRows);
        return json.toString();
    }

    /** Never throws: whatever cannot be read falls back to its default (no channel, new debrief, one row). */
    public static FormMetadata fromJson(String json) {
        if (json == null || json.isBlank()) {
            return new FormMetadata(null, null, 1);
        }
        JsonObject object;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                return new FormMetadata(null, null, 1);
            }
            object = parsed.getAsJsonObject();
        } catch (RuntimeException e) { // Gson throws JsonParseException and, on deep nesting, other runtime errors
            return new FormMetadata(null, null, 1);
        }
        String channel = object.get("channelId") instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
        Long editing = exactLong(object.get("editingDebriefId"));
        Long rows = exactLong(object.get("contactRows"));
        int contactRows = rows == null ? 1 : (int) Math.max(0, Math.min(Debrief.MAX_CONTACTS, rows));
        return new FormMetadata(channel, editing, contactRows);
    }

    private static Long exactLong(JsonElement element) {
        if (!(element instanceof JsonPrimitive p) || !p.isNumber()) {
            return null;
        }
        try {
            return new BigDecimal(p.getAsString()).longValueExact();
        } catch (RuntimeException e) { // not integral, out of range, or not a number after all
            return null;
        }
    }
}
