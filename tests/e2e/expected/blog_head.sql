CREATE TABLE public.migc_version (
    applied_at timestamp with time zone DEFAULT now() NOT NULL
    checksum text NOT NULL
    duration_ms integer DEFAULT 0 NOT NULL
    migc_version text NOT NULL
    revision text NOT NULL
);
CREATE TABLE public.posts (
    content text NOT NULL
    created_at timestamp with time zone DEFAULT now() NOT NULL
    id integer NOT NULL
    owner_id integer NOT NULL
    published boolean DEFAULT true NOT NULL
    title text NOT NULL
);
CREATE SEQUENCE public.posts_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.posts_id_seq OWNED BY public.posts.id;
CREATE TABLE public.users (
    created_at timestamp with time zone DEFAULT now() NOT NULL
    email character varying(255) NOT NULL
    id integer NOT NULL
    password text NOT NULL
);
CREATE SEQUENCE public.users_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;
ALTER TABLE ONLY public.posts ALTER COLUMN id SET DEFAULT nextval('public.posts_id_seq'::regclass);
ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);
ALTER TABLE ONLY public.migc_version
    ADD CONSTRAINT migc_version_pkey PRIMARY KEY (revision);
ALTER TABLE ONLY public.posts
    ADD CONSTRAINT posts_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_email_key UNIQUE (email);
ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE INDEX posts_owner_id_idx ON public.posts USING btree (owner_id);
ALTER TABLE ONLY public.posts
    ADD CONSTRAINT posts_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES public.users(id) ON DELETE CASCADE;
