// firestore.rules on the Firestore emulator (@firebase/rules-unit-testing): a signed-in person
// reads their own notifications and nothing else; nobody writes. Run by tests/test_firestore_rules.py
// with FIRESTORE_EMULATOR_HOST set.
import { after, before, beforeEach, test } from "node:test";
import { readFileSync } from "node:fs";
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
} from "@firebase/rules-unit-testing";
import {
  collection,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  setDoc,
  updateDoc,
  where,
} from "firebase/firestore";

const [host, port] = process.env.FIRESTORE_EMULATOR_HOST.split(":");
let env;

before(async () => {
  env = await initializeTestEnvironment({
    projectId: "demo-rules",
    firestore: { rules: readFileSync("firestore.rules", "utf8"), host, port: Number(port) },
  });
});
after(async () => env.cleanup());

beforeEach(async () => {
  await env.clearFirestore();
  await env.withSecurityRulesDisabled(async (context) => {
    const db = context.firestore();
    const note = (user) => ({ user_id: user, kind: "welcome", message: "hi", event_id: null,
                              read_at: null, created_at: new Date(), seq: 1 });
    await setDoc(doc(db, "notifications/ada-1"), note("ada"));
    await setDoc(doc(db, "notifications/ben-1"), note("ben"));
    await setDoc(doc(db, "events/e1"), { title: "Rush", organizer_id: "ada" });
    await setDoc(doc(db, "users/ada"), { email: "ada@example.com" });
    await setDoc(doc(db, "registrations/r1"), { user_id: "ada", event_id: "e1" });
    await setDoc(doc(db, "notification_counters/ada"), { seq: 1 });
  });
});

const ada = () => env.authenticatedContext("ada").firestore();

test("a person reads their own notifications, one by one and as a live query", async () => {
  await assertSucceeds(getDoc(doc(ada(), "notifications/ada-1")));
  const own = query(collection(ada(), "notifications"), where("user_id", "==", "ada"),
                    orderBy("seq"), limit(50));
  const snapshot = await assertSucceeds(getDocs(own));
  if (snapshot.size !== 1) throw new Error(`expected ada's one notification, got ${snapshot.size}`);
});

test("nobody reads someone else's notifications, or all of them", async () => {
  await assertFails(getDoc(doc(ada(), "notifications/ben-1")));
  await assertFails(getDocs(query(collection(ada(), "notifications"), where("user_id", "==", "ben"))));
  await assertFails(getDocs(collection(ada(), "notifications")));
  const anonymous = env.unauthenticatedContext().firestore();
  await assertFails(getDoc(doc(anonymous, "notifications/ada-1")));
});

test("a client writes nothing, not even its own notification's read mark", async () => {
  await assertFails(updateDoc(doc(ada(), "notifications/ada-1"), { read_at: new Date() }));
  await assertFails(setDoc(doc(ada(), "notifications/ada-2"), { user_id: "ada", kind: "x" }));
});

test("everything else is the API's: events, profiles, tickets, counters", async () => {
  for (const path of ["events/e1", "users/ada", "registrations/r1", "notification_counters/ada"]) {
    await assertFails(getDoc(doc(ada(), path)));
  }
  await assertFails(setDoc(doc(ada(), "events/e2"), { title: "mine" }));
});
