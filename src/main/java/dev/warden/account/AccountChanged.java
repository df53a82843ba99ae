package dev.warden.account;

import java.util.Optional;

/**
 * An account's access definitions changed on some instance (roles, memberships, tenants, indexes),
 * or, with no account, notices may have been missed: whatever an instance keeps of them is stale.
 */
public record AccountChanged(Optional<String> account) {

    public static AccountChanged of(String account) {
        return new AccountChanged(Optional.of(account));
    }

    public static final AccountChanged ALL = new AccountChanged(Optional.empty());
}
