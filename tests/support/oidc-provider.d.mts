export { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from "./oidc-client.mjs";
export declare function startOidcProvider(options: {
  port: number;
  redirectUris: string[];
}): Promise<{ issuer: string; close(): Promise<void> }>;
