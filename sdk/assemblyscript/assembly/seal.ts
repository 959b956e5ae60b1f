// Raw host functions of the ink!/pallet-contracts ABI, as Veil.Wasm provides them (src/Veil.Wasm/Host).
// Pointers and lengths are u32; output buffers follow the (out_ptr, out_len_ptr) convention: the u32
// at out_len_ptr holds the buffer's capacity on entry and the written length on return.
// Return codes are pallet-contracts' ReturnErrorCode (0 = Success, 3 = KeyNotFound); lengths of
// previous values are u32::MAX (SENTINEL) when there was none.

@external("seal0", "input")
export declare function seal_input(out_ptr: usize, out_len_ptr: usize): void;

@external("seal0", "seal_return")
export declare function seal_return(flags: u32, data_ptr: usize, data_len: u32): void;

@external("seal0", "caller")
export declare function seal_caller(out_ptr: usize, out_len_ptr: usize): void;

@external("seal0", "address")
export declare function seal_address(out_ptr: usize, out_len_ptr: usize): void;

@external("seal0", "value_transferred")
export declare function seal_value_transferred(out_ptr: usize, out_len_ptr: usize): void;

@external("seal0", "block_number")
export declare function seal_block_number(out_ptr: usize, out_len_ptr: usize): void;

@external("seal0", "now")
export declare function seal_now(out_ptr: usize, out_len_ptr: usize): void;

@external("seal0", "gas_left")
export declare function seal_gas_left(out_ptr: usize, out_len_ptr: usize): void;

@external("seal1", "get_storage")
export declare function seal_get_storage(key_ptr: usize, key_len: u32, out_ptr: usize, out_len_ptr: usize): u32;

@external("seal2", "set_storage")
export declare function seal_set_storage(key_ptr: usize, key_len: u32, value_ptr: usize, value_len: u32): u32;

@external("seal1", "contains_storage")
export declare function seal_contains_storage(key_ptr: usize, key_len: u32): u32;

@external("seal1", "clear_storage")
export declare function seal_clear_storage(key_ptr: usize, key_len: u32): u32;

@external("seal0", "take_storage")
export declare function seal_take_storage(key_ptr: usize, key_len: u32, out_ptr: usize, out_len_ptr: usize): u32;

@external("seal0", "hash_blake2_256")
export declare function seal_hash_blake2_256(input_ptr: usize, input_len: u32, out_ptr: usize): void;

@external("seal0", "hash_blake2_128")
export declare function seal_hash_blake2_128(input_ptr: usize, input_len: u32, out_ptr: usize): void;

@external("seal0", "hash_sha2_256")
export declare function seal_hash_sha2_256(input_ptr: usize, input_len: u32, out_ptr: usize): void;

@external("seal0", "hash_keccak_256")
export declare function seal_hash_keccak_256(input_ptr: usize, input_len: u32, out_ptr: usize): void;

@external("seal0", "deposit_event")
export declare function seal_deposit_event(topics_ptr: usize, topics_len: u32, data_ptr: usize, data_len: u32): void;

@external("seal0", "debug_message")
export declare function seal_debug_message(str_ptr: usize, str_len: u32): u32;

// Veil's own host functions (import module "veil").

// 0 when the 64-byte signature is the 32-byte Ed25519 public key's signature of the message, 1 otherwise.
@external("veil", "ed25519_verify")
export declare function veil_ed25519_verify(signature_ptr: usize, public_key_ptr: usize, message_ptr: usize, message_len: u32): u32;
