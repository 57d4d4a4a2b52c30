export declare const TOKEN_MAC_LENGTH: number;
export declare function base64url(bytes: Uint8Array): string;
export declare function mac(secret: string, message: string): Promise<string>;
export declare function tokenMac(secret: string, id: string): Promise<string>;
export declare function mintToken(secret: string, id?: string): Promise<string>;
export declare function subscribeKey(secret: string, token: string): Promise<string>;
