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
     */
    public record PromoCode(String code, int freeDays, LocalDate expires) {
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
        String normalised = normalise(code);
        if (freeDays < 1 || freeDays > 366) {
            throw new ServiceException(400, "'freeDays' must be between 1 and 366, was " + freeDays + ".");
        }
        if (expires.isBefore(LocalDate.now(clock))) {
            throw new ServiceException(400, "'expires' is in the past: " + expires + ".");
        }
        try {
            table.createEntity(new TableEntity(normalised, "").addProperty("FreeDays", freeDays)
                    .addProperty("Expires", expires.toString()));
        } catch (TableServiceException e) {
            if (e.getResponse().getStatusCode() == 409) {
                // The SDK's re-send of this insert after a lost response gets 409 too: a code stored with these
                // very values is this call's, and creating it again is harmless (one read, only on a 409).
                PromoCode wanted = new PromoCode(normalised, freeDays, expires);
                if (io.github.azkit.examples.video.EntityStore.find(table, normalised, "").map(PromoCodes::read)
                        .filter(wanted::equals).isPresent()) {
                    return wanted;
                }
                throw new ServiceException(409, "The promo code " + normalised + " exists already.");
            }
            throw e;
        }
        return new PromoCode(normalised, freeDays, expires);
    }

    /**
     * A code that can be used today.
     *
     * @param code what the person typed
     * @return the code, or empty if unknown or expired
     */
    public Optional<PromoCode> usable(String code) {
        String normalised;
        try {
            normalised = normalise(code);
        } catch (ServiceException malformed) {
            return Optional.empty();
        }
        return io.github.azkit.examples.video.EntityStore.find(table, normalised, "").map(PromoCodes::read)
                .filter(promo -> !promo.expires().isBefore(LocalDate.now(clock)));
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
                LocalDate.parse(entity.getProperty("Expires").toString()));
    }

    private static String normalise(String code) {
        String normalised = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        if (!normalised.matches("[A-Z0-9]{3,32}")) {
            throw new ServiceException(400, "A promo code has 3 to 32 letters and digits, was '" + code + "'.");
        }
        return normalised;
    }
}
