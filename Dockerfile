# The chatlog image: one runnable jar, started as `worker`, `api`, `migrate`, `rebuild` or `dlq`.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q install -DskipTests -pl launcher -am

FROM eclipse-temurin:21-jre
RUN useradd --system --home-dir /opt/chatlog chatlog
COPY --from=build /src/launcher/target/chatlog.jar /opt/chatlog/chatlog.jar
USER chatlog
WORKDIR /opt/chatlog
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/chatlog/chatlog.jar"]
CMD ["--help"]
