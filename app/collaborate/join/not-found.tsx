export { default } from "@/app/join/not-found";
