// The client Parley is registered as with the test OpenID Connect provider (oidc-provider.mjs).
export const OIDC_CLIENT_ID = "parley-test";
export const OIDC_CLIENT_SECRET = "parley-test-secret-parley-test-secret";
