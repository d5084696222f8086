package dev.whatmoved.notify.channel;

/**
 * How one attempt went.
 *
 * @param error what failed, without the target (a webhook URL is a credential), or null when delivered
 * @param permanent a failure that retrying cannot fix (the receiver refuses the request itself: 4xx but 408 and 429)
 */
public record SendResult(String error, boolean permanent) {

    public static final SendResult DELIVERED = new SendResult(null, false);

    public boolean delivered() {
        return error == null;
    }

    public static SendResult retry(String error) {
        return new SendResult(error, false);
    }

    public static SendResult giveUp(String error) {
        return new SendResult(error, true);
    }
}
