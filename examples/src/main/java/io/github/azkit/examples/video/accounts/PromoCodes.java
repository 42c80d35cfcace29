package io.github.azkit.examples.video.accounts;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import io.github.azkit.examples.video.ServiceException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Promo codes: the {@code PromoCodes} table (PartitionKey = code in upper case, RowKey = ""). A site admin creates
 * a code that grants free days; a person who registers with it gets a personal account paid by the promotion.
 * Thread-safe.
 */
public final class PromoCodes {

    /**
     * A promo code.
     *
     * @param code the code
     * @param freeDays the free days it grants
     * @param expires the last day it can be used
     * @param maxUses how many registrations may use it, or null for no limit
     * @param uses how many registrations used it
     */
    public record PromoCode(String code, int freeDays, LocalDate expires, Integer maxUses, int uses) {

        /**
         * A code with no use limit, not used yet.
         *
         * @param code the code
         * @param freeDays the free days it grants
         * @param expires the last day it can be used
         */
        public PromoCode(String code, int freeDays, LocalDate expires) {
            this(code, freeDays, expires, null, 0);
        }

        /**
         * Whether another registration may use it.
         *
         * @return false once {@code maxUses} registrations used it
         */
        public boolean hasUsesLeft() {
            return maxUses == null || uses < maxUses;
        }
    }

    private final TableClient table;
    private final Clock clock;

    /**
     * Creates the store over an existing table.
     *
     * @param table the {@code PromoCodes} table
     * @param clock the clock
     */
    public PromoCodes(TableClient table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /**
     * Creates a code.
     *
     * @param code 3 to 32 letters and digits
     * @param freeDays 1 to 366
     * @param expires the last day it can be used, not in the past
     * @return the code
     * @throws ServiceException 400 for bad values, 409 if the code exists with other values (creating a code
     *     that exists with the same values succeeds, so that a request repeated after a storage failure does)
     */
    public PromoCode create(String code, int freeDays, LocalDate expires) {
        return create(code, freeDays, expires, null);
    }

    /**
     * Creates a code that at most {@code maxUses} registrations may use.
     *
     * @param code 3 to 32 letters and digits
     * @param freeDays 1 to 366
     * @param expires the last day it can be used, not in the past
     * @param maxUses 1 to 1,000,000, or null for no limit
     * @return the code
     * @throws ServiceException 400 for bad values, 409 if the code exists with other values
     */
    public PromoCode create(String code, int freeDays, LocalDate expires, Integer maxUses) {
        String normalised = normalise(code);
        if (maxUses != null && (maxUses < 1 || maxUses > 1_000_000)) {
            throw new ServiceException(400, "'maxUses' must be between 1 and 1,000,000, was " + maxUses + ".");
        }
        if (freeDays < 1 || freeDays > 366) {
            throw new ServiceException(400, "'freeDays' must be between 1 and 366, was " + freeDays + ".");
        }
        if (expires.isBefore(LocalDate.now(clock))) {
            throw new ServiceException(400, "'expires' is in the past: " + expires + ".");
        }
        try {
            TableEntity entity = new TableEntity(normalised, "").addProperty("FreeDays", freeDays)
                    .addProperty("Expires", expires.toString()).addProperty("Uses", 0);
            if (maxUses != null) {
                entity.addProperty("MaxUses", maxUses);
            }
            table.createEntity(entity);
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 409) {
                // The SDK's re-send of this insert after a lost response gets 409 too: a code stored with these
                // very values is this call's, and creating it again is harmless (one read, only on a 409).
                PromoCode wanted = new PromoCode(normalised, freeDays, expires, maxUses, 0);
                if (io.github.azkit.examples.video.EntityStore.find(table, normalised, "").map(PromoCodes::read)
                        .filter(p -> p.code().equals(wanted.code()) && p.freeDays() == freeDays
                                && p.expires().equals(expires) && java.util.Objects.equals(p.maxUses(), maxUses))
                        .isPresent()) {
                    return wanted;
                }
                throw new ServiceException(409, "The promo code " + normalised + " exists already.");
            }
            throw e;
        }
        return new PromoCode(normalised, freeDays, expires, maxUses, 0);
    }

    /**
     * A code that can be used today.
     *
     * @param code what the person typed
     * @return the code, or empty if unknown, expired or used up
     */
    public Optional<PromoCode> usable(String code) {
        String normalised;
        try {
            normalised = normalise(code);
        } catch (ServiceException malformed) {
            return Optional.empty();
        }
        return io.github.azkit.examples.video.EntityStore.find(table, normalised, "").map(PromoCodes::read)
                .filter(promo -> !promo.expires().isBefore(LocalDate.now(clock)) && promo.hasUsesLeft());
    }

    /**
     * Counts one use of a code, never beyond its limit: an ETag read-modify-write of the code's row, so two
     * registrations racing for its last use cannot both have it (one read and one write; under a lost response the
     * use is counted once).
     *
     * @param code the code, as {@link #usable} returned it
     * @return the code after the use
     * @throws ServiceException 409 if it has no use left (or expired meanwhile), 404 if it is gone
     */
    public PromoCode redeem(String code) {
        String normalised = normalise(code);
        io.github.azkit.storage.UpdateResult<TableEntity> result = io.github.azkit.storage.OptimisticUpdate.update(
                io.github.azkit.examples.video.EntityStore.of(table, normalised, ""), current -> {
                    if (current == null) {
                        throw new ServiceException(404, "The promo code " + normalised + " no longer exists.");
                    }
                    PromoCode now = read(current);
                    if (!now.hasUsesLeft() || now.expires().isBefore(LocalDate.now(clock))) {
                        throw new ServiceException(409, "The promo code " + normalised + " has been used up or has"
                                + " expired.");
                    }
                    TableEntity next = new TableEntity(normalised, "");
                    current.getProperties().forEach((k, v) -> {
                        if (!k.startsWith("odata.") && !k.equals("PartitionKey") && !k.equals("RowKey")
                                && !k.equals("Timestamp")) {
                            next.addProperty(k, v);
                        }
                    });
                    next.addProperty("Uses", now.uses() + 1);
                    return Optional.of(next);
                });
        return read(result.value());
    }

    /**
     * Every code.
     *
     * @return the codes
     */
    public List<PromoCode> list() {
        List<PromoCode> codes = new ArrayList<>();
        table.listEntities().forEach(e -> codes.add(read(e)));
        return codes;
    }

    private static PromoCode read(TableEntity entity) {
        return new PromoCode(entity.getPartitionKey(), ((Number) entity.getProperty("FreeDays")).intValue(),
                LocalDate.parse(entity.getProperty("Expires").toString()),
                entity.getProperty("MaxUses") instanceof Number max ? max.intValue() : null,
                entity.getProperty("Uses") instanceof Number uses ? uses.intValue() : 0);
    }

    private static String normalise(String code) {
        String normalised = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        if (!normalised.matches("[A-Z0-9]{3,32}")) {
            throw new ServiceException(400, "A promo code has 3 to 32 letters and digits, was '" + code + "'.");
        }
        return normalised;
    }
}
