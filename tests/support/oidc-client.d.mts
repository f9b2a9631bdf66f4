export declare const OIDC_CLIENT_ID: string;
export declare const OIDC_CLIENT_SECRET: string;
