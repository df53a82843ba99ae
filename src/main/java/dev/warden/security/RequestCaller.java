package dev.warden.security;

import dev.warden.access.Caller;
import dev.warden.account.Account;
import jakarta.enterprise.context.RequestScoped;

/** The account and caller the filter resolved for this request. */
@RequestScoped
public class RequestCaller {

    private Account account;
    private Caller caller;

    void resolved(Account account, Caller caller) {
        this.account = account;
        this.caller = caller;
    }

    public Account account() {
        return account;
    }

    /** The signed-in caller; only endpoints that need a token may ask. */
    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("no caller on a public endpoint");
        }
        return caller;
    }
}
