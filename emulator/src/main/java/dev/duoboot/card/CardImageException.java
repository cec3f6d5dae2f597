package dev.duoboot.card;

import dev.duoboot.DuobootException;

/**
 * An SD card image that cannot be read as what it claims to be, or a card that cannot be built
 * from the parts given. The message is one line: the image, the place (partition, byte offset,
 * file path) and what was expected. Exit code 2.
 */
public class CardImageException extends DuobootException {

    public CardImageException(String message) {
        super(message);
    }

    public CardImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
