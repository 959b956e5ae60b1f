/** ink!'s AccountId: 32 bytes (SCALE [u8; 32]). Veil accounts are Ed25519 public keys. */
export class AccountId {
  static readonly LENGTH: i32 = 32;

  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    if (bytes.length != AccountId.LENGTH) unreachable();
    this.bytes = bytes;
  }

  static zero(): AccountId { return new AccountId(new Uint8Array(AccountId.LENGTH)); }

  equals(other: AccountId): bool {
    return memory.compare(this.bytes.dataStart, other.bytes.dataStart, AccountId.LENGTH) == 0;
  }

  isZero(): bool {
    for (let i = 0; i < AccountId.LENGTH; i++) if (unchecked(this.bytes[i]) != 0) return false;
    return true;
  }
}
