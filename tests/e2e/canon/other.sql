-- the same schema as schema.mig, in a third spelling, by plain SQL
CREATE TABLE "Order" (
    id uuid PRIMARY KEY DEFAULT (gen_random_uuid()),
    "user" text NOT NULL DEFAULT ('anon'),
    tags jsonb NOT NULL DEFAULT ('[]'::JSONB),
    "Select" int NOT NULL DEFAULT (-(1)),
    paid bool NOT NULL DEFAULT 'true',
    "isOpen" bool NOT NULL DEFAULT 'y',
    price decimal(10,2) NOT NULL DEFAULT (-1.5),
    ratio float8 DEFAULT 1,
    "float" float DEFAULT '1.00',
    note character varying(20) DEFAULT 'x',
    created_at timestamp with time zone NOT NULL DEFAULT NOW(),
    CONSTRAINT select_ok CHECK ("Select" >= - 1),
    CONSTRAINT price_ok CHECK ((price > 0) OR (Paid = False))
);
CREATE INDEX order_lower_note ON "Order" (lower((note))) WHERE (PAID);
