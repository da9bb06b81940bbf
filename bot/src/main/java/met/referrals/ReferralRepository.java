package met.referrals;

import static met.db.jooq.Tables.CONTACT;
import static met.db.jooq.Tables.REFERRAL;

import java.time.LocalDate;
import java.util.Optional;
import org.jooq.DSLContext;

public final class ReferralRepository {
    private final DSLContext db;

    public ReferralRepository(DSLContext db) {
        this.db = db;
    }

    public Optional<String> contactName(String teamId, long contactId) {
        return db.select(CONTACT.NAME).from(CONTACT).where(CONTACT.TEAM_ID.eq(teamId), CONTACT.ID.eq(contactId)).fetchOptional(CONTACT.NAME);
    }

    public void insert(String teamId, String teammateId, long contactId, String direction, String note, LocalDate on) {
        db.insertInto(REFERRAL)
                .set(REFERRAL.TEAM_ID, teamId)
                .set(REFERRAL.TEAMMATE_ID, teammateId)
                .set(REFERRAL.CONTACT_ID, contactId)
                .set(REFERRAL.DIRECTION, direction)
                .set(REFERRAL.NOTE, note)
                .set(REFERRAL.REFERRED_ON, on)
                .execute();
    }
}
