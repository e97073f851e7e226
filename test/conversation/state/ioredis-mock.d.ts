// ioredis-mock ships no types; it mirrors the ioredis client.
declare module 'ioredis-mock' {
  import { Redis } from 'ioredis';
  export default Redis;
}
