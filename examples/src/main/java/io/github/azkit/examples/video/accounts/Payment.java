package io.github.azkit.examples.video.accounts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.LocalDate;

/**
 * How an account pays: one of several shapes, stored in one {@code Payment} property of the account entity as JSON
 * with a {@code type} discriminator (the talk's "Payment Properties" column: no empty columns for the other types,
 * and a new type needs no schema change). No card number is stored anywhere: a card is a gateway token.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Payment.CreditCard.class, name = "creditCard"),
    @JsonSubTypes.Type(value = Payment.DirectDebit.class, name = "directDebit"),
    @JsonSubTypes.Type(value = Payment.PurchaseOrder.class, name = "purchaseOrder"),
    @JsonSubTypes.Type(value = Payment.PayPal.class, name = "payPal"),
    @JsonSubTypes.Type(value = Payment.Free.class, name = "free"),
    @JsonSubTypes.Type(value = Payment.Promotion.class, name = "promotion"),
})
public sealed interface Payment {

    /**
     * A card held by the payment gateway.
     *
     * @param gatewayToken the gateway's reference to the card (never the card number)
     * @param expires the card's expiry month, as its first day
     */
    record CreditCard(String gatewayToken, LocalDate expires) implements Payment {
    }

    /**
     * A direct-debit mandate.
     *
     * @param mandateId the bank's mandate reference
     */
    record DirectDebit(String mandateId) implements Payment {
    }

    /**
     * A purchase order paid in advance.
     *
     * @param poNumber the customer's PO number
     * @param paidThrough the last day covered
     */
    record PurchaseOrder(String poNumber, LocalDate paidThrough) implements Payment {
    }

    /**
     * A PayPal billing agreement.
     *
     * @param billingAgreementId PayPal's reference
     */
    record PayPal(String billingAgreementId) implements Payment {
    }

    /**
     * Free time from a promo code (a type added after the first release: no schema change was needed).
     *
     * @param code the promo code
     * @param freeUntil the last free day
     */
    record Promotion(String code, LocalDate freeUntil) implements Payment {
    }

    /** A free account (staff, partners). */
    record Free() implements Payment {
    }
}
