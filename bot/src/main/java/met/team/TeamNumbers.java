package met.team;

/**
 * A team's networking in one period: what the digest compares and the App Home shows.
 *
 * @param events          distinct events teammates went to
 * @param teammatesOut    teammates who met anyone
 * @param newContacts     people the team met for the first time
 * @param followUpsDone   follow-ups done in the period
 * @param followUpsOverdue follow-ups still open whose day has passed (at the period's end, or today)
 */
public record TeamNumbers(int events, int teammatesOut, int meetings, int newContacts, int followUpsDone,
                          int followUpsOverdue, int referralsGiven, int referralsReceived) {
}
