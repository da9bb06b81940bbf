package met.capture;

import java.time.LocalDate;

/** What a capture names. Fields are null when absent (never empty strings). */
public record Capture(String person, String company, String role, String event,
                      String notes, String email, String profileUrl,
                      LocalDate followUp) {

    public Capture {
        person = Text.nullIfBlank(person);
        company = Text.nullIfBlank(company);
        role = Text.nullIfBlank(role);
        event = Text.nullIfBlank(event);
        notes = Text.nullIfBlank(notes);
        email = Text.nullIfBlank(email);
        profileUrl = Text.nullIfBlank(profileUrl);
    }
}
