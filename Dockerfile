# Two stages: build a static binary (pure Go, no cgo), run it distroless as
# a non-root user with the data directory on a volume.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /samskap . && mkdir /data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /samskap /samskap
COPY --from=build --chown=65532:65532 /data /data
ENV SAMSKAP_ADDR=:8080 SAMSKAP_DATA=/data
VOLUME /data
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/samskap"]
