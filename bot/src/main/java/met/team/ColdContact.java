package met.team;

import java.time.LocalDate;

/** A person nobody on the team has been in touch with for a while, and who knew them last. */
public record ColdContact(long contactId, String name, String company, LocalDate lastTouch, String lastTeammateId) {
}
